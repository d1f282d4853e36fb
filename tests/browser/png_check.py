#!/usr/bin/env python3
"""png_check.py PNG: exits 0 when the screenshot is a real page, else prints why and exits 1.

Reads the PNG with the standard library only (zlib + struct): 8-bit greyscale, RGB or RGBA,
non-interlaced, as Chromium writes them. A real page has enough non-white pixels overall (not a
blank or error page) and dark text pixels in the top band (the report's header and title).
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace != 0 or colour not in (0, 2, 6):
                raise ValueError("unsupported PNG layout (depth %d, colour %d)" % (depth, colour))
            channels = {0: 1, 2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def luminance(row, x, channels):
    if channels == 1:
        return row[x]
    r, g, b = row[x * channels:x * channels + 3]
    return (299 * r + 587 * g + 114 * b) // 1000


def main():
    width, height, channels, rows = read_png(sys.argv[1])
    if width < 800 or height < 1000:
        print("screenshot is %dx%d, expected about 1240x1754" % (width, height))
        return 1
    non_white = dark_top = 0
    top = height // 8
    for y in range(0, height, 2):
        for x in range(0, width, 2):
            lum = luminance(rows[y], x, channels)
            if lum < 235:
                non_white += 1
            if y < top and lum < 80:
                dark_top += 1
    sampled = (height // 2) * (width // 2)
    if non_white < sampled // 100:
        print("blank page: %d of %d sampled pixels are not white" % (non_white, sampled))
        return 1
    if dark_top < 200:
        print("no dark text in the top band (%d dark pixels)" % dark_top)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
