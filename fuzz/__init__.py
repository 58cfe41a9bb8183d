"""Fuzzing and hostile-input samples (see fuzz/README.md)."""
