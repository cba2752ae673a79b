"""``python -m community_model``: the command line."""

import sys

from community_model._cli import main

sys.exit(main())
