//go:build !race

package kernel

// raceEnabled is true under -race, where sync.Pool deliberately drops some
// items, so allocation counts are not meaningful.
const raceEnabled = false
