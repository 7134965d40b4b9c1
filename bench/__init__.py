"""Benchmarks: Seedbed's figures as ratios against raw baselines measured in the same run."""
