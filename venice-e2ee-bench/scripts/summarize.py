#!/usr/bin/python3
"""Turns one run's JMH JSON and the reference clients' timings into target/summary.json, target/summary.md and
target/chunk.svg (µs per chunk by provider beside the floor and the peers). Standard library only."""
import argparse
import json
import os
import platform

WHATS = ['chunk', 'envelope-open', 'ecdh', 'ecdh-floor', 'hkdf', 'gcm-open-16', 'gcm-open-256', 'gcm-open-16k',
         'hex-decode-200']
PROVIDERS = ['bc', 'jca', 'native', 'jdk', 'tink', 'reference-python', 'reference-js']
GCM_SIZES = {'16': 'gcm-open-16', '256': 'gcm-open-256', '16384': 'gcm-open-16k'}


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


def e2e_rows(jmh):
    """The end-to-end stream: chunks/s per shape, and on one connection the client's own streaming-phase rate."""
    out = []
    for e in jmh:
        if e['benchmark'].split('.')[-2] != 'EndToEndStreamBench':
            continue
        params, sm = e.get('params', {}), e.get('secondaryMetrics', {})
        conns = int(params['connections'])
        shape = '1 connection' if conns == 1 else '%d connections' % conns
        if 'chunks' in sm:
            out.append({'shape': shape, 'provider': params['provider'], 'measure': 'whole run (simulator sealing included)',
                        'chunks_per_s': sm['chunks']['score']})
        if conns == 1 and sm.get('phaseMicros', {}).get('score'):
            out.append({'shape': shape, 'provider': params['provider'],
                        'measure': 'first chunk to end of stream (simulator sealing as it streams)',
                        'chunks_per_s': sm['phaseChunks']['score'] / sm['phaseMicros']['score'] * 1e6})
    return out


def jmh_rows(jmh):
    """(what, provider) -> (us, bytes) from the JMH results, plus the extra rows that are not in the summary."""
    rows, extra = {}, []
    for e in jmh:
        cls, method = e['benchmark'].split('.')[-2:]
        if cls == 'EndToEndStreamBench':
            continue
        params = e.get('params', {})
        us, b = e['primaryMetric']['score'], alloc(e)
        p = params.get('provider') or params.get('impl')
        key = None
        if cls == 'ChunkPipelineBench':
            key = ('chunk', p)
        elif cls == 'EnvelopeBench' and method == 'open':
            key = ('envelope-open', p)
        elif cls == 'EcdhBench':
            key = ('ecdh', p)
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
            for prov in ('bc', 'jca', 'native'):
                rows[('hex-decode-200', prov)] = (us, b)
            extra.append(('hex-decode-200', 'ours (crypto.Hex)', us, b))
            continue
        if key is None:
            label = method + (' ' + params['size'] + ' B' if 'size' in params else '') + (
                ' ' + params['hexChars'] + ' hex digits' if 'hexChars' in params else '')
            extra.append((cls.replace('Bench', '') + ' ' + label, p, us, b))
            continue
        rows[key] = (us, b)
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


def extra_us(extra, name, impl):
    for n, p, us, _ in extra:
        if n.startswith(name) and p == impl:
            return us
    return None


def targets(rows, extra, e2e, notes):
    t = []
    get = lambda w, p: rows.get((w, p), (None, None))[0]
    for p in ('bc', 'jca', 'native'):
        chunk, ecdh = get('chunk', p), get('ecdh', p)
        if chunk is None or ecdh is None:
            t.append(('pipeline ≤ 1.15 × protected ECDH (%s)' % p, 'not measured', 'missing', 'benchmark failed or provider absent'))
            continue
        ratio = chunk / ecdh
        why = ''
        if ratio > 1.15:
            hkdf_p = p if p != 'native' else 'jca' if ('hkdf', 'jca') in rows else 'bc'
            parts = ['HKDF %s µs' % fmt(get('hkdf', hkdf_p) or 0),
                     'AES-GCM 16 B %s µs' % fmt(get('gcm-open-16', hkdf_p) or 0),
                     'hex decode %s µs' % fmt(get('hex-decode-200', p) or 0)]
            why = ('everything but the ECDH costs %s µs (%.0f%% of it): %s (%s), the rest is the SSE/JSON parse, '
                   'the point check and the allocations (%s B/op)') % (
                fmt(chunk - ecdh), (ratio - 1) * 100, ', '.join(parts), hkdf_p,
                fmt_b(rows[('chunk', p)][1]))
        t.append(('whole-chunk pipeline ≤ 1.15 × protected ECDH (%s)' % p,
                  '%s / %s µs = %.3f' % (fmt(chunk), fmt(ecdh), ratio), verdict_upper(ratio, 1.15), why))
    bc, nat = get('ecdh', 'bc'), get('ecdh', 'native')
    if bc and nat:
        ratio = bc / nat
        why = ''
        if ratio < 2.5:
            nf, bf = get('ecdh-floor', 'native'), get('ecdh-floor', 'bc')
            why = ('blinding doubles the variable-base multiplies: native protected is %.2f × its floor (%s µs), '
                   'bc protected is %.2f × its floor (%s µs); the raw engines differ by %.2f ×') % (
                nat / nf, fmt(nf), bc / bf, fmt(bf), bf / nf) if nf and bf else 'floors not measured'
        t.append(('native protected ECDH ≥ 2.5 × faster than bc', '%s / %s µs = %.2f ×' % (fmt(bc), fmt(nat), ratio),
                  verdict_lower(ratio, 2.5), why))
    refs = [(r, get('chunk', r)) for r in ('reference-python', 'reference-js') if get('chunk', r)]
    for p in ('bc', 'jca', 'native'):
        chunk = get('chunk', p)
        if not chunk:
            continue
        if not refs:
            t.append(('≥ 7 × faster per chunk than the reference clients (%s)' % p, 'not measured', 'missing',
                      'neither reference client could run (see notes)'))
            continue
        fastest_ref, ref_us = min(refs, key=lambda r: r[1])
        ratio = ref_us / chunk
        why = ''
        if ratio < 7:
            ecdh = get('ecdh', p) or 0
            floor_engine = p if get('ecdh-floor', p) is not None else 'bc'
            floor = get('ecdh-floor', floor_engine)
            why = 'the budget is %s µs per chunk; the protected ECDH alone takes %s µs' % (fmt(ref_us / 7), fmt(ecdh))
            if floor:
                why += (', %.1f × the unprotected %s beneath it (%s µs): timing protection costs a second '
                        'variable-base multiply') % (ecdh / floor, {'native': 'libsecp256k1 multiply',
                                                                    'jca': 'JCA agreement'}.get(floor_engine,
                                                                    'BouncyCastle multiply'), fmt(floor))
            if p == 'jca':
                why += ', and each of its two JCA agreements also converts keys through KeyFactory, with a y-recovery (a modular square root) between them'
            if p == 'bc':
                why += '; BouncyCastle\'s multiply allocates %s B per agreement' % fmt_b(rows[('ecdh', 'bc')][1])
        t.append(('≥ 7 × faster per chunk than the reference clients (%s)' % p,
                  '%s (fastest reference) %s µs / %s µs = %.1f ×' % (fastest_ref, fmt(ref_us), fmt(chunk), ratio),
                  verdict_lower(ratio, 7), why))
    for w in ('gcm-open-16', 'gcm-open-256', 'gcm-open-16k'):
        jca, jdk = get(w, 'jca'), get(w, 'jdk')
        if jca and jdk:
            ratio = jca / jdk
            why = '' if ratio <= 1.10 else (
                'the jca provider adds its argument checks and a key and parameter object per call to the same '
                'Cipher call (%s vs %s B/op); at this size the difference is within run-to-run noise only when the '
                'machine is quiet' % (fmt_b(rows[(w, 'jca')][1]), fmt_b(rows[(w, 'jdk')][1])))
            t.append(('jca AES-GCM open within 10%% of raw JDK Cipher (%s)' % w[9:],
                      '%s / %s µs = %.3f' % (fmt(jca), fmt(jdk), ratio), verdict_upper(ratio, 1.10), why))
    jca, raw = get('hkdf', 'jca'), get('hkdf', 'jdk')
    if jca and raw:
        ratio = jca / raw
        why = '' if ratio <= 1.10 else ('jca zero-fills its PRK and block and supports any output length '
                                        '(%s vs %s B/op)' % (fmt_b(rows[('hkdf', 'jca')][1]), fmt_b(rows[('hkdf', 'jdk')][1])))
        t.append(('HKDF (jca) within 10% of two raw HMAC-SHA256 calls', '%s / %s µs = %.3f' % (fmt(jca), fmt(raw), ratio),
                  verdict_upper(ratio, 1.10), why))
    native_e2e = [r for r in e2e if r['provider'] == 'native' and r['measure'].startswith('whole run')]
    seal = extra_us(extra, 'Envelope seal', 'native')
    chunk = get('chunk', 'native')
    for r in native_e2e:
        rate = r['chunks_per_s']
        why = ''
        if rate < 20000:
            if seal and chunk:
                why = ('the simulator seals every chunk on the same 2 cores (%s µs each: fresh ephemeral key, '
                       'protected ECDH, HKDF, GCM) and the client opens it (%s µs): together %s µs of CPU per chunk, '
                       'a ceiling of about %.0f chunks/s on 2 cores') % (
                    fmt(seal), fmt(chunk), fmt(seal + chunk), 2e6 / (seal + chunk))
        t.append(('end-to-end over loopback ≥ 20,000 chunks/s (native, %s, %s)' % (r['shape'], r['measure']),
                  '%.0f chunks/s' % rate, verdict_lower(rate, 20000), why))
    if not native_e2e:
        t.append(('end-to-end over loopback ≥ 20,000 chunks/s (native)', 'not measured', 'not measured',
                  notes.get('e2e', 'the end-to-end stream benchmark did not run')))
    return t


def svg_chart(rows, path):
    """Horizontal bars: per provider the whole chunk, the envelope open, the protected ECDH and the floor, then the
    reference clients."""
    get = lambda w, p: rows.get((w, p), (None, None))[0]
    bars = []
    for p, floor in (('native', 'native'), ('jca', 'jca'), ('bc', 'bc')):
        for w, label, color in (('chunk', 'whole chunk', '#1f6feb'), ('envelope-open', 'envelope open', '#58a6ff'),
                                ('ecdh', 'protected ECDH', '#8957e5')):
            if get(w, p) is not None:
                bars.append(('%s · %s' % (p, label), get(w, p), color))
        if get('ecdh-floor', floor) is not None:
            bars.append(('%s · floor (%s)' % (p, {'native': 'libsecp256k1 raw multiply', 'jca': 'plain JCA ECDH'}
                                              .get(floor, 'BC raw multiply')),
                         get('ecdh-floor', floor), '#8b949e'))
    for r in ('reference-python', 'reference-js'):
        if get('chunk', r) is not None:
            bars.append(('%s · whole chunk' % r, get('chunk', r), '#d29922'))
    if not bars:
        return
    width, left, bar_h, gap, top = 980, 330, 20, 8, 64
    scale = (width - left - 90) / max(b[1] for b in bars)
    height = top + len(bars) * (bar_h + gap) + 40
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="13">'
           % (width, height), '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="24" font-size="16" font-weight="bold">µs per streamed chunk (lower is better): '
           'providers, their floor, and the reference clients</text>']
    for i, (label, us, color) in enumerate(bars):
        y = top + i * (bar_h + gap)
        w = max(1.0, us * scale)
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 8, y + 15, label))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>' % (left, y, w, bar_h, color))
        out.append('<text x="%.1f" y="%d">%s µs</text>' % (left + w + 6, y + 15, fmt(us)))
    refs = [get('chunk', r) for r in ('reference-python', 'reference-js') if get('chunk', r) is not None]
    if refs:
        x = left + min(refs) / 7 * scale
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#cf222e" stroke-dasharray="4 3"/>'
                   % (x, top - 6, x, top + len(bars) * (bar_h + gap)))
        out.append('<text x="%.1f" y="%d" fill="#cf222e">7 × faster than the fastest reference</text>'
                   % (x + 4, top - 8))
    out.append('<text x="10" y="%d" fill="#57606a">floor = unprotected variable-time multiply (bench only); '
               'jca runs BouncyCastle\'s JCA provider, whose engine is the BC floor</text>' % (height - 12))
    out.append('</svg>')
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--jmh', required=True)
    ap.add_argument('--ref', action='append', default=[])
    ap.add_argument('--notes')
    ap.add_argument('--mode', default='full')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    jmh = load(a.jmh) or []
    notes = load(a.notes) or {}
    rows, extra = jmh_rows(jmh)
    e2e = e2e_rows(jmh)
    refs = []
    for path in a.ref:
        r = load(path)
        if r:
            refs.append(r)
            rows[('chunk', r['client'])] = (r['chunk_us'], None)
            rows[('envelope-open', r['client'])] = (r['envelope_open_us'], None)
    jdk = 'unknown'
    if jmh:
        jdk = '%s (%s %s)' % (jmh[0].get('jdkVersion', '?'), jmh[0].get('vmName', '?'), jmh[0].get('vmVersion', '?'))
    summary_rows = [{'what': w, 'provider': p, 'us_per_op': round(us, 3),
                     'bytes_per_op': None if b is None else round(b, 1)}
                    for (w, p), (us, b) in sorted(rows.items(), key=lambda kv: (WHATS.index(kv[0][0]),
                                                                                 PROVIDERS.index(kv[0][1])))
                    if w in WHATS and p in PROVIDERS]
    with open(os.path.join(a.out, 'summary.json'), 'w') as f:
        json.dump({'jdk': jdk, 'rows': summary_rows}, f, indent=2)
        f.write('\n')
    svg_chart(rows, os.path.join(a.out, 'chunk.svg'))

    cpu = 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as f:
            cpu = next(l.split(':', 1)[1].strip() for l in f if l.startswith('model name'))
    except (OSError, StopIteration):
        pass
    md = ['# Benchmark summary', '',
          'JDK %s; %s, %d cores visible; `run.sh%s`.' % (jdk, cpu, os.cpu_count() or 0,
                                                       ' --quick' if a.mode == 'quick' else ''), '']
    for r in refs:
        md.append('Reference %s on %s, %d chunks over %d golden envelopes.' % (
            r['client'], r['runtime'], r['chunks'], r['golden_envelopes']))
    for k, v in notes.items():
        md.append('Note (%s): %s' % (k, v))
    md += ['', '## Targets (ratios from this run)', '', '| target | measured | verdict | why (when missed) |',
           '|---|---|---|---|']
    for name, measured, verdict, why in targets(rows, extra, e2e, notes):
        md.append('| %s | %s | %s | %s |' % (name, measured, verdict, why))
    md += ['', '## Per operation', '', '| what | provider | µs/op | B/op |', '|---|---|---:|---:|']
    for r in summary_rows:
        md.append('| %s | %s | %s | %s |' % (r['what'], r['provider'], fmt(r['us_per_op']), fmt_b(r['bytes_per_op'])))
    if extra:
        md += ['', '## Other measurements', '', '| benchmark | impl | µs/op | B/op |', '|---|---|---:|---:|']
        for name, p, us, b in extra:
            md.append('| %s | %s | %s | %s |' % (name, p, fmt(us), fmt_b(b)))
    if e2e:
        md += ['', '## End-to-end over loopback (client against the simulator on this machine)', '',
               '| shape | client provider | measure | chunks/s |', '|---|---|---|---:|']
        for r in e2e:
            md.append('| %s | %s | %s | %.0f |' % (r['shape'], r['provider'], r['measure'], r['chunks_per_s']))
    md += ['', '![µs per chunk](chunk.svg)', '']
    with open(os.path.join(a.out, 'summary.md'), 'w') as f:
        f.write('\n'.join(md))
    print('\n'.join(md))


if __name__ == '__main__':
    main()
