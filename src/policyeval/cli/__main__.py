"""`python -m policyeval.cli`: the same command line as `policyeval`."""

import sys

from . import main

sys.exit(main())
