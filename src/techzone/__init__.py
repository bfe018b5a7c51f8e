"""techzone: rules as code for the innovation-policy system of China's high-tech zones."""

__version__ = "0.1.0"
