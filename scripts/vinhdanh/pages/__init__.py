"""Which pages the section has and where they live: one PageSpec per URL, and every URL."""
