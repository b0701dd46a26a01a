"""Issue 6: the directory page's weight with everything it loads, gzip-compressed as served.

    .venv/bin/python bench/page_weight.py

Fetches the page through Django's test client, then every same-origin stylesheet, script and
image it references; reports raw and gzip sizes, and any third-party URL (there must be none).
"""

import gzip
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)  # on a fresh database too (bench/run_all.py)
    setup_test_environment()
    outside = []
    client = Client()
    for page in ("/hang-viet/?q=che+tan+cuong", "/hang-viet/ban-do/"):
        html = client.get(page).content
        assets = re.findall(rb'(?:src|href)="([^"#]+\.(?:css|js|png|svg|jpg|webp))"', html)
        third_party = [a.decode() for a in assets if a.startswith((b"http:", b"https:", b"//"))]
        outside += third_party
        raw, gz = len(html), len(gzip.compress(html, 9))
        for asset in assets:
            if asset.startswith((b"http:", b"https:", b"//")):
                continue
            response = client.get(asset.decode())
            body = b"".join(response.streaming_content) if response.streaming else response.content
            raw += len(body)
            gz += len(gzip.compress(body, 9))
        print(
            f"{page:<32} {raw / 1024:7.1f} KB raw  {gz / 1024:6.1f} KB gzip  "
            f"assets: {len(assets)}  third-party: {third_party or 'none'}"
        )
    if outside:
        sys.exit(f"third-party assets: {', '.join(outside)}")


if __name__ == "__main__":
    main()
