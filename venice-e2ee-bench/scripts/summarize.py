#!/usr/bin/python3
"""Turns one run's JMH JSON files (one per JDK) and the reference clients' timings into target/summary.json,
target/summary.md and target/chunk.svg (µs per chunk by key agreement and JDK beside the floor and the peers).
Standard library only."""
import argparse
import json
import os

WHATS = ['chunk', 'envelope-open', 'ecdh', 'ecdh-floor', 'hkdf', 'gcm-open-16', 'gcm-open-256', 'gcm-open-16k',
         'hex-decode-200']
KEY_AGREEMENTS = ['bc', 'jca', 'native-jni', 'native-ffm']
PROVIDERS = KEY_AGREEMENTS + ['jdk', 'tink', 'reference-python', 'reference-js']
REFERENCES = ['reference-python', 'reference-js']
GCM_SIZES = {'16': 'gcm-open-16', '256': 'gcm-open-256', '16384': 'gcm-open-16k'}
FLOOR_NAMES = {'native-ffm': 'tweak_mul through java.lang.foreign', 'native-jni': 'tweak_mul through JNI',
               'jca': 'plain JCA ECDH', 'bc': 'BC raw multiply'}
UPCALL_FREE = 'native-ffm-ecdh-sha256'


def load(path):
    if path and os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return None


def alloc(entry):
    for name, metric in entry.get('secondaryMetrics', {}).items():
        if name.lstrip('\u00b7') == 'gc.alloc.rate.norm':
            return metric['score']
    return None


def param(params):
    return params.get('keyAgreement') or params.get('provider') or params.get('impl') or params.get('path')


def jdk_of(jmh):
    """'17' and '17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6-...)' for one JMH run."""
    version = jmh[0].get('jdkVersion', '?')
    return version.split('.')[0].split('-')[0], '%s (%s %s)' % (version, jmh[0].get('vmName', '?'),
                                                              jmh[0].get('vmVersion', '?'))


def e2e_rows(jmh, jdk):
    """The end-to-end stream: chunks/s per shape, and on one connection the client's own streaming-phase rate."""
    out = []
    for e in jmh:
        if e['benchmark'].split('.')[-2] != 'EndToEndStreamBench':
            continue
        params, sm = e.get('params', {}), e.get('secondaryMetrics', {})
        conns = int(params['connections'])
        shape = '1 connection' if conns == 1 else '%d connections' % conns
        if 'chunks' in sm:
            out.append({'jdk': jdk, 'shape': shape, 'provider': param(params),
                        'measure': 'whole run (simulator sealing included)', 'chunks_per_s': sm['chunks']['score']})
        if conns == 1 and sm.get('phaseMicros', {}).get('score'):
            out.append({'jdk': jdk, 'shape': shape, 'provider': param(params),
                        'measure': 'first chunk to end of stream (simulator sealing as it streams)',
                        'chunks_per_s': sm['phaseChunks']['score'] / sm['phaseMicros']['score'] * 1e6})
    return out


def jmh_rows(jmh, jdk):
    """(jdk, what, provider) -> (us, bytes) from one JMH run, plus the extra rows that are not in the summary."""
    rows, extra = {}, []
    for e in jmh:
        cls, method = e['benchmark'].split('.')[-2:]
        if cls == 'EndToEndStreamBench':
            continue
        params = e.get('params', {})
        us, b = e['primaryMetric']['score'], alloc(e)
        p = param(params)
        key = None
        if cls == 'ChunkPipelineBench':
            key = ('chunk', p)
        elif cls == 'EnvelopeBench' and method == 'open':
            key = ('envelope-open', p)
        elif cls == 'EcdhBench':
            key = ('ecdh', p)
        elif cls == 'EcdhFloorBench' and p == UPCALL_FREE:
            extra.append((jdk, "secp256k1_ecdh with the library's SHA-256 hash (no upcall)", 'native-ffm', us, b))
            continue
        elif cls == 'EcdhFloorBench':
            key = ('ecdh-floor', p)
        elif cls == 'HkdfBench':
            key = ('hkdf', 'jdk' if p == 'raw' else p)
        elif cls == 'GcmBench' and method == 'open':
            key = (GCM_SIZES[params['size']], p)
        elif cls == 'HexBench' and method == 'decode' and params.get('hexChars') == '200' and p == 'jdk':
            key = ('hex-decode-200', 'jdk')
        elif cls == 'HexBench' and method == 'decode' and params.get('hexChars') == '200' and p == 'ours':
            # crypto.Hex is the one hex codec under every provider's envelope path
            for prov in KEY_AGREEMENTS:
                rows[(jdk, 'hex-decode-200', prov)] = (us, b)
            extra.append((jdk, 'hex-decode-200', 'ours (crypto.Hex)', us, b))
            continue
        if key is None:
            label = method + (' ' + params['size'] + ' B' if 'size' in params else '') + (
                ' ' + params['hexChars'] + ' hex digits' if 'hexChars' in params else '')
            extra.append((jdk, cls.replace('Bench', '') + ' ' + label, p, us, b))
            continue
        rows[(jdk,) + key] = (us, b)
    return rows, extra


def fmt(us):
    return '%.2f' % us if us < 10 else '%.1f' % us if us < 1000 else '%.0f' % us


def fmt_b(b):
    return '–' if b is None else '%.0f' % b


def verdict_upper(value, limit):
    """A ratio that must stay at or below `limit`."""
    return 'met' if value <= limit else 'missed by %.1f%%' % ((value / limit - 1) * 100)


def verdict_lower(value, limit):
    """A ratio (or rate) that must reach at least `limit`."""
    return 'met' if value >= limit else 'missed by %.1f%%' % ((1 - value / limit) * 100)


def extra_us(extra, jdk, name, impl):
    for j, n, p, us, _ in extra:
        if j == jdk and n.startswith(name) and p == impl:
            return us
    return None


def targets(rows, extra, e2e, notes, jdks):
    """Every target of this run, per JDK: (name, JDK, measured, verdict, why when missed)."""
    t = []
    for jdk in jdks:
        get = lambda w, p: rows.get((jdk, w, p), (None, None))[0]
        ffm, ffm_floor = get('ecdh', 'native-ffm'), get('ecdh-floor', 'native-ffm')
        if ffm and ffm_floor:
            ratio = ffm / ffm_floor
            why = ''
            if ratio > 1.35:
                no_upcall = extra_us(extra, jdk, 'secp256k1_ecdh with', 'native-ffm')
                why = ('secp256k1_ecdh multiplies with libsecp256k1\'s constant-time ecmult_const, which does more '
                       'field work than the variable-time wNAF multiply behind tweak_mul (the price of constant time)')
                if no_upcall:
                    why += ('; secp256k1_ecdh with the library\'s own SHA-256 instead of the X-copying upcall takes '
                            '%s µs (%.2f × the floor), so the upcall and its copies account for %s µs of the %s µs '
                            'gap') % (fmt(no_upcall), no_upcall / ffm_floor, fmt(max(0.0, ffm - no_upcall)),
                                      fmt(ffm - ffm_floor))
            t.append(('constant-time native agreement ≤ 1.35 × the tweak_mul floor through the same API', jdk,
                      '%s / %s µs = %.3f' % (fmt(ffm), fmt(ffm_floor), ratio), verdict_upper(ratio, 1.35), why))
        for p in KEY_AGREEMENTS:
            chunk, ecdh = get('chunk', p), get('ecdh', p)
            if chunk is None or ecdh is None:
                continue
            ratio = chunk / ecdh
            why = ''
            if ratio > 1.15:
                sym = p if p in ('bc', 'jca') else 'jca' if (jdk, 'hkdf', 'jca') in rows else 'bc'
                parts = ['HKDF %s µs' % fmt(get('hkdf', sym) or 0),
                         'AES-GCM 16 B %s µs' % fmt(get('gcm-open-16', sym) or 0),
                         'hex decode %s µs' % fmt(get('hex-decode-200', p) or 0)]
                why = ('everything but the agreement costs %s µs (%.0f%% of it): %s (%s), the rest is the SSE/JSON '
                       'parse, the point check and the allocations (%s B/op)') % (
                    fmt(chunk - ecdh), (ratio - 1) * 100, ', '.join(parts), sym, fmt_b(rows[(jdk, 'chunk', p)][1]))
            t.append(('whole chunk ≤ 1.15 × the agreement it uses (%s)' % p, jdk,
                      '%s / %s µs = %.3f' % (fmt(chunk), fmt(ecdh), ratio), verdict_upper(ratio, 1.15), why))
        agreements = [(p, get('ecdh', p)) for p in KEY_AGREEMENTS if get('ecdh', p)]
        bc = get('ecdh', 'bc')
        if bc and agreements:
            best, best_us = min(agreements, key=lambda a: a[1])
            ratio = bc / best_us
            why = ''
            if ratio < 3.5:
                bf, nf = get('ecdh-floor', 'bc'), get('ecdh-floor', best)
                why = ('bc\'s protected agreement is %s µs, %s\'s %s µs' % (fmt(bc), best, fmt(best_us)))
                if bf and nf:
                    why += ('; the raw engines beneath differ by %.2f × (%s vs %s µs), and %s costs %.2f × its floor '
                            'while bc\'s interleaved blinded pass costs %.2f × its own') % (
                        bf / nf, fmt(bf), fmt(nf), best, best_us / nf, bc / bf)
            t.append(('best agreement (%s) ≥ 3.5 × faster than bc\'s protected one' % best, jdk,
                      '%s / %s µs = %.2f ×' % (fmt(bc), fmt(best_us), ratio), verdict_lower(ratio, 3.5), why))
        chunks = [(p, get('chunk', p)) for p in KEY_AGREEMENTS if get('chunk', p)]
        refs = [(r, get('chunk', r)) for r in REFERENCES if get('chunk', r)]
        if chunks and not refs:
            t.append(('best chunk ≥ 30 × faster than the reference clients', jdk, 'not measured', 'missing',
                      'neither reference client could run (see notes)'))
        if chunks:
            best, best_us = min(chunks, key=lambda c: c[1])
            for ref, ref_us in refs:
                ratio = ref_us / best_us
                why = ''
                if ratio < 30:
                    ecdh, floor = get('ecdh', best) or 0, get('ecdh-floor', best)
                    why = 'the budget is %s µs per chunk; the agreement alone takes %s µs' % (fmt(ref_us / 30), fmt(ecdh))
                    if floor:
                        why += ', and the variable-time multiply beneath it %s µs' % fmt(floor)
                t.append(('best chunk (%s) ≥ 30 × faster than %s' % (best, ref), jdk,
                          '%s µs / %s µs = %.1f ×' % (fmt(ref_us), fmt(best_us), ratio), verdict_lower(ratio, 30), why))
        for w in ('gcm-open-16', 'gcm-open-256', 'gcm-open-16k'):
            jca, raw = get(w, 'jca'), get(w, 'jdk')
            if jca and raw:
                ratio = jca / raw
                why = '' if ratio <= 1.10 else (
                    'the jca provider adds its argument checks and a key and parameter object per call to the same '
                    'Cipher call (%s vs %s B/op); at this size the difference is within run-to-run noise only when '
                    'the machine is quiet' % (fmt_b(rows[(jdk, w, 'jca')][1]), fmt_b(rows[(jdk, w, 'jdk')][1])))
                t.append(('jca AES-GCM open within 10%% of raw JDK Cipher (%s)' % w[9:], jdk,
                          '%s / %s µs = %.3f' % (fmt(jca), fmt(raw), ratio), verdict_upper(ratio, 1.10), why))
        jca, raw = get('hkdf', 'jca'), get('hkdf', 'jdk')
        if jca and raw:
            ratio = jca / raw
            why = '' if ratio <= 1.10 else ('jca zero-fills its PRK and block and supports any output length '
                                            '(%s vs %s B/op)' % (fmt_b(rows[(jdk, 'hkdf', 'jca')][1]),
                                                                 fmt_b(rows[(jdk, 'hkdf', 'jdk')][1])))
            t.append(('HKDF (jca) within 10% of two raw HMAC-SHA256 calls', jdk,
                      '%s / %s µs = %.3f' % (fmt(jca), fmt(raw), ratio), verdict_upper(ratio, 1.10), why))
        native = 'native-ffm' if any(r['jdk'] == jdk and r['provider'] == 'native-ffm' for r in e2e) else 'native-jni'
        for r in e2e:
            if r['jdk'] != jdk or r['provider'] != native or not r['measure'].startswith('whole run'):
                continue
            rate = r['chunks_per_s']
            seal, chunk = extra_us(extra, jdk, 'Envelope seal', native), get('chunk', native)
            why = ''
            if rate < 20000 and seal and chunk:
                why = ('the simulator seals every chunk on the same 2 cores (%s µs each: fresh ephemeral key, ECDH, '
                       'HKDF, GCM) and the client opens it (%s µs): together %s µs of CPU per chunk, a ceiling of '
                       'about %.0f chunks/s on 2 cores') % (fmt(seal), fmt(chunk), fmt(seal + chunk),
                                                           2e6 / (seal + chunk))
            t.append(('end-to-end over loopback ≥ 20,000 chunks/s (%s, %s, %s)' % (native, r['shape'], r['measure']),
                      jdk, '%.0f chunks/s' % rate, verdict_lower(rate, 20000), why))
    return t


def svg_chart(rows, jdks, path):
    """Horizontal bars: per key agreement and JDK the whole chunk, the protected agreement and the floor, then the
    reference clients."""
    bars = []
    for jdk in reversed(jdks):
        get = lambda w, p: rows.get((jdk, w, p), (None, None))[0]
        for p in reversed(KEY_AGREEMENTS):
            for w, label, color in (('chunk', 'whole chunk', '#1f6feb'), ('ecdh', 'protected agreement', '#8957e5'),
                                    ('ecdh-floor', 'floor (%s)' % FLOOR_NAMES[p], '#8b949e')):
                if get(w, p) is not None:
                    bars.append(('%s · JDK %s · %s' % (p, jdk, label), get(w, p), color))
    for r in REFERENCES:
        us = rows.get((None, 'chunk', r), (None, None))[0]
        if us is not None:
            bars.append(('%s · whole chunk' % r, us, '#d29922'))
    if not bars:
        return
    width, left, bar_h, gap, top = 1020, 400, 18, 6, 64
    scale = (width - left - 90) / max(b[1] for b in bars)
    height = top + len(bars) * (bar_h + gap) + 40
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">'
           % (width, height), '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="24" font-size="16" font-weight="bold">µs per streamed chunk (lower is better): key '
           'agreements per JDK, their floor, and the reference clients</text>']
    for i, (label, us, color) in enumerate(bars):
        y = top + i * (bar_h + gap)
        w = max(1.0, us * scale)
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 8, y + 14, label))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>' % (left, y, w, bar_h, color))
        out.append('<text x="%.1f" y="%d">%s µs</text>' % (left + w + 6, y + 14, fmt(us)))
    refs = [rows[(None, 'chunk', r)][0] for r in REFERENCES if (None, 'chunk', r) in rows]
    if refs:
        x = left + min(refs) / 30 * scale
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#cf222e" stroke-dasharray="4 3"/>'
                   % (x, top - 6, x, top + len(bars) * (bar_h + gap)))
        out.append('<text x="%.1f" y="%d" fill="#cf222e">30 × faster than the fastest reference</text>'
                   % (x + 4, top - 8))
    out.append('<text x="10" y="%d" fill="#57606a">floor = unprotected variable-time multiply (bench only); '
               'native-ffm is constant time, bc, jca and native-jni are blinded</text>' % (height - 12))
    out.append('</svg>')
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--jmh', action='append', default=[], help='one JMH JSON file per JDK')
    ap.add_argument('--ref', action='append', default=[])
    ap.add_argument('--notes')
    ap.add_argument('--mode', default='full')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    notes = load(a.notes) or {}
    rows, extra, e2e, jdks, jdk_names = {}, [], [], [], {}
    for path in a.jmh:
        jmh = load(path)
        if not jmh:
            continue
        jdk, name = jdk_of(jmh)
        jdks.append(jdk)
        jdk_names[jdk] = name
        r, x = jmh_rows(jmh, jdk)
        rows.update(r)
        extra += x
        e2e += e2e_rows(jmh, jdk)
    refs = []
    for path in a.ref:
        r = load(path)
        if r:
            refs.append(r)
            rows[(None, 'chunk', r['client'])] = (r['chunk_us'], None)
            rows[(None, 'envelope-open', r['client'])] = (r['envelope_open_us'], None)
    # the reference clients run once, outside any JVM; every JDK's targets compare against the same figures
    with_refs = dict(rows)
    for jdk in jdks:
        for r in refs:
            with_refs[(jdk, 'chunk', r['client'])] = rows[(None, 'chunk', r['client'])]
    summary_rows = [{'jdk': jdk_names.get(j, '').split(' ')[0] or None, 'what': w, 'provider': p,
                     'us_per_op': round(us, 3), 'bytes_per_op': None if b is None else round(b, 1)}
                    for (j, w, p), (us, b) in sorted(rows.items(), key=lambda kv: (
                        WHATS.index(kv[0][1]) if kv[0][1] in WHATS else 99, kv[0][0] or '',
                        PROVIDERS.index(kv[0][2]) if kv[0][2] in PROVIDERS else 99))
                    if w in WHATS and p in PROVIDERS]
    for row, r in ((row, r) for row in summary_rows for r in refs if row['provider'] == r['client']):
        row['runtime'] = r['runtime']
    with open(os.path.join(a.out, 'summary.json'), 'w') as f:
        json.dump({'jdks': [jdk_names[j] for j in jdks], 'rows': summary_rows,
                   'end_to_end': [dict(r, jdk=jdk_names[r['jdk']].split(' ')[0]) for r in e2e]}, f, indent=2)
        f.write('\n')
    svg_chart(rows, jdks, os.path.join(a.out, 'chunk.svg'))

    cpu = 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as f:
            cpu = next(l.split(':', 1)[1].strip() for l in f if l.startswith('model name'))
    except (OSError, StopIteration):
        pass
    md = ['# Benchmark summary', '',
          '%s, %d cores visible; `run.sh%s`. JDKs: %s.' % (cpu, os.cpu_count() or 0,
                                                         ' --quick' if a.mode == 'quick' else '',
                                                         '; '.join('JDK %s = %s' % (j, jdk_names[j]) for j in jdks)),
          '']
    for r in refs:
        md.append('Reference %s on %s, %d chunks over %d golden envelopes.' % (
            r['client'], r['runtime'], r['chunks'], r['golden_envelopes']))
    for k, v in notes.items():
        md.append('Note (%s): %s' % (k, v))
    md += ['', '## Targets (ratios from this run)', '', '| target | JDK | measured | verdict | why (when missed) |',
           '|---|---|---|---|---|']
    for name, jdk, measured, verdict, why in targets(with_refs, extra, e2e, notes, jdks):
        md.append('| %s | %s | %s | %s | %s |' % (name, jdk, measured, verdict, why))
    md += ['', '## Per operation', '', '| what | provider | JDK | µs/op | B/op |', '|---|---|---|---:|---:|']
    for r in summary_rows:
        md.append('| %s | %s | %s | %s | %s |' % (r['what'], r['provider'], r['jdk'] or r.get('runtime', '–'),
                                                   fmt(r['us_per_op']), fmt_b(r['bytes_per_op'])))
    if extra:
        md += ['', '## Other measurements', '', '| benchmark | impl | JDK | µs/op | B/op |', '|---|---|---|---:|---:|']
        for jdk, name, p, us, b in extra:
            md.append('| %s | %s | %s | %s | %s |' % (name, p, jdk, fmt(us), fmt_b(b)))
    if e2e:
        md += ['', '## End-to-end over loopback (client against the simulator on this machine)', '',
               '| shape | client key agreement | JDK | measure | chunks/s |', '|---|---|---|---|---:|']
        for r in e2e:
            md.append('| %s | %s | %s | %s | %.0f |' % (r['shape'], r['provider'], r['jdk'], r['measure'],
                                                        r['chunks_per_s']))
    md += ['', '![µs per chunk](chunk.svg)', '']
    with open(os.path.join(a.out, 'summary.md'), 'w') as f:
        f.write('\n'.join(md))
    print('\n'.join(md))


if __name__ == '__main__':
    main()
