// Package testenv finds the files the tests share with the project: the
// project root (the folder holding go.mod) and the data beside it in
// ../shared (the real CIFAR-10 subset and the PyTorch golden vectors).
// Environment variables override the defaults, so the same tests run
// against other copies or configurations.
package testenv

import (
	"errors"
	"os"
	"path/filepath"
)

// ProjectRoot walks up from the working directory to the folder holding
// go.mod.
func ProjectRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Shared returns $env when it is set, else ../shared/<name> beside the
// project root. It does not check that the folder exists.
func Shared(env, name string) (string, error) {
	if d := os.Getenv(env); d != "" {
		return d, nil
	}
	root, err := ProjectRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(root), "shared", name), nil
}

// CIFAR10Dir is the real CIFAR-10 subset: $CIFAR10_DIR, else
// ../shared/cifar10 beside the project root.
func CIFAR10Dir() (string, error) { return Shared("CIFAR10_DIR", "cifar10") }

// GoldenDir holds the golden vectors: $HYPERSPHERE_GOLDEN_DIR, else
// ../shared/reference beside the project root.
func GoldenDir() (string, error) { return Shared("HYPERSPHERE_GOLDEN_DIR", "reference") }
