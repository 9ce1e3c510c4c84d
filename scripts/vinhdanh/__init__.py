"""vinhdanh: honour the exemplars of a Vietnamese public-health unit."""

__version__ = "0.1.0"
