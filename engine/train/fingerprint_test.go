package train

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"hypersphere/engine/nn"
)

// fingerprintEnv asks TestFingerprint to run; the parent test sets it for
// the child processes it starts.
const fingerprintEnv = "HYPERSPHERE_FINGERPRINT"

// TestFingerprint runs a short training of two variants (augmentation and
// dropout on) and prints one line per epoch with the float64 bits of every
// deterministic metric, then the fingerprint of the whole event stream and
// that of the epochs' diagnostics. It is
// the child of TestNativeWasmBitIdentity, which runs it natively and under
// GOOS=js GOARCH=wasm and compares the lines.
func TestFingerprint(t *testing.T) {
	if os.Getenv(fingerprintEnv) == "" {
		t.Skipf("skipping: run by TestNativeWasmBitIdentity (set %s=1 to run by hand)", fingerprintEnv)
	}
	tr, val := synthetic(64, 11), synthetic(24, 12)
	for _, v := range []string{"baseline", "norm_conv_dense"} {
		cfg := DefaultConfig()
		cfg.Variant = v
		cfg.Widths = nn.Widths{Conv1: 8, Conv2: 8, Conv3: 16, Conv4: 16, Dense1: 32}
		cfg.Epochs = 2
		cfg.Batch = 16
		events, tn := runAll(t, cfg, tr, val)
		if tn.Err() != nil {
			t.Fatal(tn.Err())
		}
		for _, m := range epochs(events) {
			var b strings.Builder
			for _, x := range []float64{m.TrainLoss, m.TrainAcc, m.ValLoss, m.ValAcc, m.LR} {
				fmt.Fprintf(&b, " %016x", math.Float64bits(x))
			}
			for _, l := range m.Layers {
				fmt.Fprintf(&b, " %016x %016x", math.Float64bits(l.WeightNorm), math.Float64bits(l.ActNorm))
			}
			fmt.Printf("FP %s epoch %d%s\n", v, m.Epoch, b.String())
		}
		fmt.Printf("FP %s stream %s events %d\n", v, fingerprint(events), len(events))
		fmt.Printf("FP %s diagnostics %s\n", v, diagnosticsFingerprint(events))
	}
}

// TestNativeWasmBitIdentity runs TestFingerprint natively with -tags purego
// (the portable kernel) and under GOOS=js GOARCH=wasm in Node, and requires
// the two to print the same bits.
func TestNativeWasmBitIdentity(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: builds and runs the package under wasm (slow)")
	}
	if os.Getenv(fingerprintEnv) != "" {
		t.Skip("skipping: already a child")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("skipping: node is not installed, so the wasm build cannot run")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("skipping: the go command is not on PATH")
	}
	out, err := exec.Command(goBin, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	wasmExec := filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm")
	if _, err := os.Stat(filepath.Join(wasmExec, "go_js_wasm_exec")); err != nil {
		t.Skipf("skipping: %s/go_js_wasm_exec not found", wasmExec)
	}
	child := func(extraEnv ...string) []string {
		cmd := exec.Command(goBin, "test", "-tags", "purego", "-count=1", "-run", "^TestFingerprint$", "-v", ".")
		cmd.Env = append(os.Environ(), fingerprintEnv+"=1", "PATH="+wasmExec+string(os.PathListSeparator)+os.Getenv("PATH"))
		cmd.Env = append(cmd.Env, extraEnv...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v %v: %v\n%s\n%s", extraEnv, cmd.Args, err, stdout.String(), stderr.String())
		}
		var lines []string
		sc := bufio.NewScanner(&stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "FP ") {
				lines = append(lines, sc.Text())
			}
		}
		if len(lines) != 8 {
			t.Fatalf("%v: got %d fingerprint lines, want 8:\n%s", extraEnv, len(lines), stdout.String())
		}
		return lines
	}
	native := child()
	wasm := child("GOOS=js", "GOARCH=wasm")
	for i := range native {
		if native[i] != wasm[i] {
			t.Errorf("native and wasm differ:\nnative %s\nwasm   %s", native[i], wasm[i])
		}
	}
	t.Logf("native (purego) and wasm agree on %d lines, e.g.\n%s", len(native), native[len(native)-1])
}
