"""medcoder-stats: reconcile public statistics about US medical coders (BLS SOC 29-2072)."""
