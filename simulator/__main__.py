"""`python -m simulator` does what `mentor-sim` does."""

import sys

from simulator.cli import main

sys.exit(main())
