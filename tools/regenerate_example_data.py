"""Write the package's example document from the records built in community_model._examples.

python tools/regenerate_example_data.py
"""

from pathlib import Path

from community_model import Dataset, dumps
from community_model._examples import EXAMPLE_DATA, suzhou_2023_records

TARGET = Path(__file__).parent.parent / "src" / "community_model" / EXAMPLE_DATA

if __name__ == "__main__":
    text = dumps(Dataset.from_records(suzhou_2023_records()), indent=True) + "\n"
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(text.encode())} bytes)")
