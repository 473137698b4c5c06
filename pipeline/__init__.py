"""stance pipeline: who said what about a target, and with which stance."""
