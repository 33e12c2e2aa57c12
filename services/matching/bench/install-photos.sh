#!/usr/bin/env bash
# Installs a corpus of distinct REAL photographs for the PDQ robustness / false-match benchmark.
# Sources: Debian 12 (main) packages only, fetched with `apt-get download` and unpacked with
# `dpkg -x` into a cache (nothing is installed except python3-pil, used for decoding).
# Output: ${PHOTO_DIR:-/var/tmp/takedown-photos}/<source>-<name>.<jpg|png> + SOURCES.tsv
# See README-photos.md next to this script. Idempotent: re-running rebuilds the corpus from the cache.
set -euo pipefail

PHOTO_DIR="${PHOTO_DIR:-/var/tmp/takedown-photos}"
CACHE_DIR="${PHOTO_CACHE_DIR:-/var/tmp/takedown-photos-cache}"
MIN_SIDE="${MIN_SIDE:-256}"
INCLUDE_ASTRO="${INCLUDE_ASTRO:-1}"   # 0 = leave out the stellarium nebula/galaxy astrophotos
start=$(date +%s)
log() { printf '[install-photos %4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

PACKAGES=(
  mate-backgrounds
  lomiri-wallpapers-16.04 lomiri-wallpapers-20.04
  stellarium-data opencv-doc labelme-examples libdlib19.1 python3-skimage python3-sklearn
  krank kphotoalbum scratch tuxpaint-data psychtoolbox-3-common palapeli-data
  mate-screensaver-common lifeograph gramps libjs-jquery-backstretch
)

[ "$(id -u)" = 0 ] || { echo "run as root (needs apt-get)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

if ! /usr/bin/python3 -c 'import PIL' 2>/dev/null || ! apt-cache show "${PACKAGES[0]}" >/dev/null 2>&1; then
  log "apt-get update"
  apt-get update -qq
fi
if ! /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
  log "installing python3-pil (image decoding)"
  apt-get install -y -qq python3-pil >/dev/null
fi

mkdir -p "$CACHE_DIR/debs" "$CACHE_DIR/root"
chmod 755 "$CACHE_DIR" "$CACHE_DIR/debs"   # apt's _apt sandbox user must be able to write
missing=()
for p in "${PACKAGES[@]}"; do
  ls "$CACHE_DIR/debs/${p}_"*.deb >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "downloading ${#missing[@]} Debian packages: ${missing[*]}"
  (cd "$CACHE_DIR/debs" && apt-get download -q "${missing[@]}" 2>&1 | grep -vE '^(Get|W: Download is performed unsandboxed)' || true)
fi
for p in "${PACKAGES[@]}"; do
  deb=$(ls "$CACHE_DIR/debs/${p}_"*.deb 2>/dev/null | head -1) || true
  [ -n "$deb" ] || { echo "missing package $p" >&2; exit 1; }
  if [ ! -f "$CACHE_DIR/root/$p/.unpacked" ] || [ "$deb" -nt "$CACHE_DIR/root/$p/.unpacked" ]; then
    log "unpacking $(basename "$deb")"
    rm -rf "$CACHE_DIR/root/$p"; mkdir -p "$CACHE_DIR/root/$p"
    dpkg -x "$deb" "$CACHE_DIR/root/$p"
    dpkg-deb -f "$deb" Version > "$CACHE_DIR/root/$p/.version"
    touch "$CACHE_DIR/root/$p/.unpacked"
  fi
done

log "selecting, filtering and de-duplicating photos"
TMP_OUT="${PHOTO_DIR%/}.tmp.$$"
rm -rf "$TMP_OUT"; mkdir -p "$TMP_OUT"
CACHE_DIR="$CACHE_DIR" OUT="$TMP_OUT" MIN_SIDE="$MIN_SIDE" INCLUDE_ASTRO="$INCLUDE_ASTRO" \
  /usr/bin/python3 - <<'PY'
import os, re, glob, hashlib, shutil, sys, io
from PIL import Image, ImageOps
Image.MAX_IMAGE_PIXELS = None
CACHE = os.environ['CACHE_DIR']; OUT = os.environ['OUT']; MIN_SIDE = int(os.environ['MIN_SIDE'])
ASTRO = os.environ['INCLUDE_ASTRO'] == '1'

# (source, package, globs under the unpacked package, regex of excluded paths, variant-key function name)
# Exclusion lists come from looking at contact sheets: they remove drawings, renders, gradients,
# logos, screenshots, charts, calibration targets and synthetic test images.
SRC = [
 ('mate', 'mate-backgrounds', ['usr/share/backgrounds/mate/*/*'],
  r'/(abstract|desktop)/|Ubuntu-Mate|MATE-|Float-into|GreenTraditional|Elephants|free_by_Peter', 'plain'),
 ('lomiri1604', 'lomiri-wallpapers-16.04', ['usr/share/backgrounds/*'], r'\.xml$', 'plain'),
 ('lomiri2004', 'lomiri-wallpapers-20.04', ['usr/share/backgrounds/*'], r'\.xml$', 'plain'),
 ('stellarium', 'stellarium-data', ['usr/share/stellarium/nebulae/default/*'], r'^$' if ASTRO else r'.', 'astro'),
 ('opencv', 'opencv-doc', ['usr/share/doc/opencv-doc/examples/data/*'],
  r'/(left|right)\d*\.|chessboard|Blender|[Ll]ogo|starry_night|text_|imageText|notes|digits|sudoku|gradient|mask|ml\.png|detect_blob|ellipses|tmpl|templ|pic\d|alphabet|board|aloeGT|cards|ela_modified', 'pair'),
 ('labelme', 'labelme-examples', ['usr/share/doc/labelme-examples/examples/*/data_annotated/*', 'usr/share/doc/labelme-examples/examples/*/*/data_annotated/*', 'usr/share/doc/labelme-examples/examples/*/data_dataset_voc/JPEGImages/*'], r'^$', 'plain'),
 ('dlib', 'libdlib19.1', ['usr/share/doc/libdlib19.1/examples/faces/*', 'usr/share/doc/libdlib19.1/examples/*.jpg'], r'^$', 'plain'),
 ('skimage', 'python3-skimage', ['usr/lib/python3/dist-packages/skimage/data/*'],
  r'/(camera|checker|horse|logo|text|microaneurysms|page|phantom|rough-wall|brick|grass|gravel|cell|lbpcascade|moon|coins|clock|motorcycle_(left|right)|chessboard|binary|eagle)|_gray', 'plain'),
 ('sklearn', 'python3-sklearn', ['usr/lib/python3/dist-packages/sklearn/datasets/images/*'], r'^$', 'plain'),
 ('krank', 'krank', ['usr/share/games/krank/levels/unera-backgrounds/*'], r'^$', 'plain'),
 ('kphotoalbum', 'kphotoalbum', ['usr/share/kphotoalbum/demo/*'], r'^$', 'plain'),
 ('scratch', 'scratch', ['usr/share/scratch/Media/Backgrounds/*/*'], r'^$', 'plain'),
 ('tuxpaint', 'tuxpaint-data', ['usr/share/tuxpaint/starters/*', 'usr/share/tuxpaint/templates/*'], r'-back\.|thumb', 'plain'),
 ('psychtoolbox', 'psychtoolbox-3-common', ['usr/share/psychtoolbox-3/**/*'], r'^$', 'plain'),
 ('palapeli', 'palapeli-data', ['usr/share/palapeli/collection/*', 'usr/share/palapeli/backgrounds/*'], r'^$', 'plain'),
 ('matescreensaver', 'mate-screensaver-common', ['usr/share/backgrounds/cosmos/*'], r'^$', 'plain'),
 ('lifeograph', 'lifeograph', ['usr/share/net.sourceforge.Lifeograph/backgrounds/*', 'usr/share/net.sourceforge.Lifeograph/diaries/images/*'], r'^$', 'plain'),
 ('backstretch', 'libjs-jquery-backstretch', ['usr/share/doc/libjs-jquery-backstretch/examples/*'], r'^$', 'plain'),
 ('gramps', 'gramps', ['usr/share/doc/gramps/example/gramps/*'], r'^$', 'plain'),
]
# extra exclusions found by looking at contact sheets of the result (drawings, renders, collages,
# textures, maps, colour wheels, microscopy); matched against '/<package-relative path>'
EXCLUDE_RE = re.compile(r'|'.join([
  r'/bald_guys\.',                                   # dlib: collage of face crops
  r'analogpattern|Fossa|Painting-Colors|uwang|free_by_Peter|greenlock',   # lomiri: abstract art / renders
  r'/palapeli/backgrounds/',                         # palapeli: wood/cloth textures
  r'/composite\.|earth_512by256',                     # psychtoolbox: texture composite, world map
  r'/Backgrounds/[^/]+/(basketball-court2|graffiti|room[123]|party-room|school2|spotlight-stage|woods-and-bench|chalkboard)\.',  # scratch drawings
  r'/skimage/data/(color|ihc)\.',                    # colour wheel, microscopy
  r'/examples/data/smarties\.',                      # opencv: synthetic
]))
EXTS = ('.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.bmp')

def licence(pkg):
    f = os.path.join(CACHE, 'root', pkg, 'usr/share/doc', pkg, 'copyright')
    if not os.path.exists(f):
        c = glob.glob(os.path.join(CACHE, 'root', pkg, 'usr/share/doc/*/copyright'))
        f = c[0] if c else None
    if not f: return 'see package copyright'
    counts = {}
    for line in open(f, errors='replace'):
        m = re.match(r'License:\s*(\S.*)', line)
        if m: counts[m.group(1).strip()] = counts.get(m.group(1).strip(), 0) + 1
    top = sorted(counts, key=lambda k: -counts[k])[:3]
    return ('; '.join(top) if top else 'see copyright') + ' (Debian main; /usr/share/doc/%s/copyright)' % pkg

RES = re.compile(r'[-_.]?\d{3,5}x\d{3,5}', re.I)
DN = re.compile(r'([-_](day|night|morning|evening|dark|light|l|d|dawn|dusk|timed))+$', re.I)
def vkey(kind, path, stem):
    if kind == 'plasma':
        return path.split('/wallpapers/')[1].split('/')[0]
    s = RES.sub('', stem)
    if kind == 'daynight':
        s = DN.sub('', s)
    if kind == 'astro':   # same object shot by several astrophotographers (-vasey, -dss, ...): keep one
        s = re.sub(r'-(vasey|dss|sdss|trev|ha|darkskies|oleg)$', '', s)
    if kind == 'pair':    # stereo / optical-flow / before-after pairs of one scene (aloeL/aloeR, graf1/graf3)
        s = re.sub(r'([0-9]|[LRAB]|_original)$', '', s)
    return s.lower()

TURNS = [Image.FLIP_LEFT_RIGHT, Image.FLIP_TOP_BOTTOM, Image.ROTATE_90, Image.ROTATE_180, Image.ROTATE_270,
         Image.TRANSPOSE, Image.TRANSVERSE]

def dhash(im):
    g = im.convert('L').resize((9, 8), Image.LANCZOS)
    px = list(g.getdata()); h = 0
    for r in range(8):
        for c in range(8):
            h = (h << 1) | (px[r*9+c] > px[r*9+c+1])
    return h
def ahash(im):
    g = im.convert('L').resize((8, 8), Image.LANCZOS)
    px = list(g.getdata()); m = sum(px) / 64.0; h = 0
    for p in px: h = (h << 1) | (p > m)
    return h

cands = []; stats = {}
for src, pkg, globs, excl, kind in SRC:
    root = os.path.join(CACHE, 'root', pkg)
    ver = open(os.path.join(root, '.version')).read().strip()
    lic = licence(pkg)
    seen = set()
    for gp in globs:
        for p in sorted(glob.glob(os.path.join(root, gp), recursive=True)):
            if p in seen or not os.path.isfile(p) or os.path.islink(p): continue
            seen.add(p)
            rel = '/' + os.path.relpath(p, root)
            if not rel.lower().endswith(EXTS): continue
            if re.search(excl, rel) or EXCLUDE_RE.search(rel): stats.setdefault(src, {}).setdefault('excluded', 0); stats[src]['excluded'] += 1; continue
            try:
                im = Image.open(p); w, h = im.size; fmt = im.format
            except Exception:
                continue
            if min(w, h) < MIN_SIDE:
                stats.setdefault(src, {}).setdefault('small', 0); stats[src]['small'] += 1; continue
            try:
                im.draft('RGB', (512, 512)); im.load()
                rgba = im.convert('RGBA')
            except Exception:
                continue
            # skip cut-outs / overlays: noticeable transparency
            a = rgba.getchannel('A').resize((64, 64))
            if sum(1 for v in a.getdata() if v < 250) > 64*64*0.02:
                stats.setdefault(src, {}).setdefault('alpha', 0); stats[src]['alpha'] += 1; continue
            rgb = rgba.convert('RGB')
            t = rgb.resize((64, 64), Image.BILINEAR)
            q = {}
            for r_, g_, b_ in t.getdata():
                k = (r_ >> 3, g_ >> 3, b_ >> 3); q[k] = q.get(k, 0) + 1
            top8 = sum(sorted(q.values(), reverse=True)[:8]) / 4096.0
            if len(q) < 40 or (top8 > 0.85 and src != 'stellarium'):
                stats.setdefault(src, {}).setdefault('flat', 0); stats[src]['flat'] += 1; continue
            stem = os.path.splitext(os.path.basename(p))[0]
            cands.append(dict(src=src, pkg=pkg, ver=ver, lic=lic, path=p, rel=rel, w=w, h=h, fmt=fmt,
                              key=(src, vkey(kind, rel, stem)), dh=dhash(rgb), ah=ahash(rgb),
                              # the same photo mirrored or rotated (krank ships flipped copies of its reef photos)
                              turned=[(dhash(rgb.transpose(t)), ahash(rgb.transpose(t))) for t in TURNS],
                              sha=hashlib.sha256(open(p, 'rb').read()).hexdigest()))

def area(c): return c['w'] * c['h']
# 1) same photo at several resolutions / day-night / light-dark variants: keep the largest
best = {}
for c in cands:
    b = best.get(c['key'])
    if b is None or area(c) > area(b): best[c['key']] = c
variants = len(cands) - len(best)
keep = sorted(best.values(), key=lambda c: -area(c))
# 2) exact duplicates (sha256) and 3) perceptual near-duplicates (dHash+aHash), keep the largest
out = []; shas = set(); exact = near = 0
nd = open(os.path.join(CACHE, 'near-duplicates.log'), 'w')
for c in keep:
    if c['sha'] in shas: exact += 1; continue
    dup = None
    for o in out:
        # dark astrophotos all look alike to this 64-bit hash; they are distinct objects (grouped by
        # object name above), so the perceptual check is only applied between non-astro images
        if c['src'] == 'stellarium' or o['src'] == 'stellarium': continue
        if any(bin(dh ^ o['dh']).count('1') <= 6 and bin(ah ^ o['ah']).count('1') <= 6
               for dh, ah in [(c['dh'], c['ah'])] + c['turned']):
            dup = o; break
    if dup:
        near += 1; nd.write(f"dropped {c['pkg']}:{c['rel']}  ~  kept {dup['pkg']}:{dup['rel']}\n"); continue
    shas.add(c['sha']); out.append(c)

names = set(); rows = []
for c in sorted(out, key=lambda c: (c['src'], c['rel'])):
    base = c['rel']
    if c['src'] == 'plasma':
        base = base.split('/wallpapers/')[1].split('/')[0]
    else:
        base = os.path.splitext(os.path.basename(base))[0]
    base = re.sub(r'[^A-Za-z0-9._-]+', '_', base).strip('_.') or 'img'
    ext = {'JPEG': 'jpg', 'PNG': 'png'}.get(c['fmt'])
    name = f"{c['src']}-{base}"
    i = 1
    while f"{name}.{ext or 'jpg'}" in names:
        i += 1; name = f"{c['src']}-{base}-{i}"
    if ext:
        fn = f'{name}.{ext}'; shutil.copyfile(c['path'], os.path.join(OUT, fn))
    else:  # webp/tiff/bmp -> high-quality JPEG
        fn = f'{name}.jpg'
        im = Image.open(c['path']); im = ImageOps.exif_transpose(im) or im
        im.convert('RGB').save(os.path.join(OUT, fn), quality=95)
    names.add(fn)
    rows.append((fn, c['src'], f"{c['pkg']}={c['ver']}", c['lic'], c['w'], c['h'], c['rel']))

with open(os.path.join(OUT, 'SOURCES.tsv'), 'w') as f:
    f.write('file\tsource\tpackage\tlicence\twidth\theight\toriginal_path\n')
    for r in rows: f.write('\t'.join(map(str, r)) + '\n')
per = {}
for r in rows: per[r[1]] = per.get(r[1], 0) + 1
print(f'candidates={len(cands)} variants_dropped={variants} exact_dups={exact} near_dups={near} kept={len(rows)}')
for k in sorted(per): print(f'  {k:16s} {per[k]:5d}   filtered: {stats.get(k, {})}')
PY

rm -rf "${PHOTO_DIR:?}.old"
[ -d "$PHOTO_DIR" ] && mv "$PHOTO_DIR" "${PHOTO_DIR}.old"
mv "$TMP_OUT" "$PHOTO_DIR"
rm -rf "${PHOTO_DIR}.old"
n=$(($(wc -l < "$PHOTO_DIR/SOURCES.tsv") - 1))
log "done: $n photos in $PHOTO_DIR ($(du -sh "$PHOTO_DIR" | cut -f1)); cache in $CACHE_DIR"
