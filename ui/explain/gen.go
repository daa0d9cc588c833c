package explain

//go:generate go tool vugugen -s -skip-go-mod -skip-main
