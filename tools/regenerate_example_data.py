"""Write the package's example document from the records built in examples/page_records.py.

python tools/regenerate_example_data.py
"""

import sys
from pathlib import Path

from community_model import Dataset, dumps
from community_model._examples import EXAMPLE_DATA

ROOT = Path(__file__).parent.parent
TARGET = ROOT / "src" / "community_model" / EXAMPLE_DATA
sys.path.insert(0, str(ROOT / "examples"))

from page_records import page_records  # noqa: E402  (examples/ is not a package)

if __name__ == "__main__":
    text = dumps(Dataset.from_records(page_records()), indent=True) + "\n"
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(text.encode())} bytes)")
