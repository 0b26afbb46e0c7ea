"""SMS length: GSM-7 or UCS-2, and how many segments (billed messages) a text costs.

Source: 3GPP TS 23.038 (GSM 7-bit default alphabet and its extension table) and TS 23.040
(a concatenated message loses 7 septets or 3 UCS-2 characters per segment to its header).
One character outside the alphabet (ê, ç, ɛ, an emoji) turns the whole text into UCS-2 and
cuts a segment from 160 to 70 characters.
"""

from dataclasses import dataclass

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Characters of the extension table cost two septets (escape + character).
GSM7_EXTENSION = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int
    per_segment: int
    remaining: int  # units left in the last segment
    non_gsm: tuple[str, ...]  # the characters that forced UCS-2, in order of appearance


def sms_length(text: str) -> SmsLength:
    non_gsm: list[str] = []
    septets = 0
    for char in text:
        if char in GSM7_BASIC:
            septets += 1
        elif char in GSM7_EXTENSION:
            septets += 2
        elif char not in non_gsm:
            non_gsm.append(char)
    if not non_gsm:
        single, multi, units, encoding = 160, 153, septets, "GSM-7"
    else:
        # UCS-2 on the air is UTF-16: a character beyond the BMP (most emoji) takes two units.
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        segments, per_segment = (1 if units else 0), single
    else:
        segments, per_segment = -(-units // multi), multi
    capacity = max(segments, 1) * per_segment
    return SmsLength(
        encoding=encoding,
        units=units,
        segments=segments,
        per_segment=per_segment,
        remaining=capacity - units,
        non_gsm=tuple(non_gsm),
    )
