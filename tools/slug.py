"""The one rule for place ids: a lowercase ASCII slug of the English name.

Shared by every build script so that places.csv and events.csv agree on ids.
"""
import re
import unicodedata

# Letters that NFKD does not decompose into ASCII.
_EXTRA = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "İ": "i", "ş": "sh", "Ş": "sh",
                        "ç": "ch", "Ç": "ch", "ğ": "g", "Ğ": "g", "ö": "o", "Ö": "o",
                        "ü": "u", "Ü": "u", "'": "", "’": ""})


def slug(name: str) -> str:
    """'Kend Horadiz (village)' -> 'kend-horadiz-village'; 'Şuşa' -> 'shusha'."""
    text = name.translate(_EXTRA)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text


if __name__ == "__main__":
    import sys
    for arg in sys.argv[1:]:
        print(slug(arg))
