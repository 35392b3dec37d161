#!/usr/bin/env python3
"""Makes the old and new images of one delta-bench scenario, reproducibly, and prints the changed bytes.

usage: delta-images.py SCENARIO OUTDIR [LIBDIR]
  ext4   64 MiB ext4 image (mke2fs -d) of a folder of files; v2: one 1 MiB file rewritten
  random 32 MiB random image; v2: 1 MiB rewritten, 64 KiB inserted
  jar    a fat jar (zip: the project's target/lib jars stored, the agent's classes deflated); v2: one class changed
  unrelated  two unrelated 32 MiB random images (the worst case)
Writes OUTDIR/v1.img and OUTDIR/v2.img; prints "changed <bytes>": the bytes a perfect delta must transfer.
"""
import os
import random
import shutil
import subprocess
import sys
import zipfile

MiB = 1 << 20


def rnd(seed, n):
    return random.Random(seed).randbytes(n)


def ext4(out):
    tree = os.path.join(out, "tree")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    sizes = [3 * MiB, 1 * MiB, 5 * MiB, 700_000, 2 * MiB, 8 * MiB, 1 * MiB, 300_000, 6 * MiB, 4 * MiB]
    for i, s in enumerate(sizes):
        d = os.path.join(tree, "usr", "lib" if i % 2 else "share")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"file{i}.bin"), "wb") as f:
            f.write(rnd(i, s))

    def mkfs(img):
        for root, dirs, files in os.walk(tree):
            for n in dirs + files:
                os.utime(os.path.join(root, n), (1700000000, 1700000000))
        os.utime(tree, (1700000000, 1700000000))
        env = dict(os.environ, E2FSPROGS_FAKE_TIME="1700000000")
        subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-U", "6f2c1e0a-3b5d-4c8e-9a7f-0123456789ab",
                        "-E", "hash_seed=0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "-d", tree, img, "64M"],
                       check=True, env=env)

    mkfs(os.path.join(out, "v1.img"))
    # one package upgrade: a 1 MiB file rewritten with new content of the same size
    with open(os.path.join(tree, "usr", "lib", "file1.bin"), "wb") as f:
        f.write(rnd(100, MiB))
    mkfs(os.path.join(out, "v2.img"))
    return MiB


def random_image(out):
    v1 = rnd(1, 32 * MiB)
    v2 = bytearray(v1)
    v2[8 * MiB:9 * MiB] = rnd(2, MiB)
    v2[20 * MiB:20 * MiB] = rnd(3, 64 << 10)
    write(out, v1, bytes(v2))
    return MiB + (64 << 10)


def jar(out, libdir):
    def build(path, changed):
        with zipfile.ZipFile(path, "w") as z:
            # Spring Boot's layout: nested jars stored (so they stay byte-identical), classes deflated
            for name in sorted(os.listdir(libdir)):
                if name.endswith(".jar"):
                    info = zipfile.ZipInfo("BOOT-INF/lib/" + name, (2020, 1, 1, 0, 0, 0))
                    with open(os.path.join(libdir, name), "rb") as f:
                        z.writestr(info, f.read(), compress_type=zipfile.ZIP_STORED)
            for i in range(400):
                info = zipfile.ZipInfo(f"BOOT-INF/classes/io/example/C{i}.class", (2020, 1, 1, 0, 0, 0))
                body = rnd(1000 + i, 3000) + bytes(2000)
                if changed and i == 200:
                    body = rnd(99999, 3000) + bytes(2000)
                z.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    build(os.path.join(out, "v1.img"), False)
    build(os.path.join(out, "v2.img"), True)
    return 5000


def unrelated(out):
    write(out, rnd(1, 32 * MiB), rnd(2, 32 * MiB))
    return 32 * MiB


def write(out, v1, v2):
    with open(os.path.join(out, "v1.img"), "wb") as f:
        f.write(v1)
    with open(os.path.join(out, "v2.img"), "wb") as f:
        f.write(v2)


if __name__ == "__main__":
    scenario, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    changed = {"ext4": lambda: ext4(out), "random": lambda: random_image(out),
               "jar": lambda: jar(out, sys.argv[3]), "unrelated": lambda: unrelated(out)}[scenario]()
    print("changed", changed)
