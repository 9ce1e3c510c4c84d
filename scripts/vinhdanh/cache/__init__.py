"""What a rebuild reuses from `.cache/`: page fingerprints and stores, the read cache, shards."""
