//go:build race

package host_test

// The race detector's runtime maps far more than a worker's 256 MiB data limit.
const workerMemoryMB = 1 << 20
