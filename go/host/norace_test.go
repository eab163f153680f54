//go:build !race

package host_test

// Workers run under the default sandbox limits.
const workerMemoryMB = 0
