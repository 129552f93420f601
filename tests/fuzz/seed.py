#!/usr/bin/env python3
"""Seeds tests/fuzz/corpus/<target>/ (run once; libFuzzer grows it and
`run.sh` merges it back small).

decode: every request example of proto/ (valid and invalid).
token:  tokens signed with the fuzz target's key (0x5a * 32, kid 1) as
        text (mode 0) and raw payloads the target signs (mode 1), with
        `now` before, at and after expiry.
core:   a few hand-written operation streams walking a whole workshop.
"""
import hashlib, hmac, os, struct, base64, glob, shutil

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
CORPUS = os.path.join(TOP, 'tests', 'fuzz', 'corpus')

def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

# --- decode ---
for p in sorted(glob.glob(os.path.join(TOP, 'proto/examples/valid/requests/*.json')) +
                glob.glob(os.path.join(TOP, 'proto/examples/invalid/*.json'))):
    if p.endswith('expected.json'):
        continue
    kind = 'valid' if '/valid/' in p else 'invalid'
    put('decode', f'{kind}-{os.path.basename(p)}', open(p, 'rb').read())

# --- token ---
KEY = b'\x5a' * 32
def payload(scope, expires, room, kid=1, version=1, org=0, session=0, part=0):
    return (bytes([version, kid, scope]) + struct.pack('>q', expires) + bytes(range(16)) +
            struct.pack('>III', org, session, part) + bytes([len(room)]) + room)
def text(raw):
    return base64.urlsafe_b64encode(raw + hmac.new(KEY, raw, hashlib.sha256).digest()).rstrip(b'=')
for scope, room in [(0, b''), (1, b'r3xk9'), (2, b'abcdefghijklmnopqrstuvwxyz012345')]:
    for label, now in [('before', 1999), ('at', 2000), ('after', 2001)]:
        raw = payload(scope, 2000, room)
        put('token', f'text-s{scope}-{label}', b'\x00' + struct.pack('>q', now) + text(raw))
        put('token', f'raw-s{scope}-{label}', b'\x01' + struct.pack('>q', now) + raw)
put('token', 'raw-bad-room', b'\x01' + struct.pack('>q', 0) + payload(1, 2000, b'AB-'))
put('token', 'raw-bad-version', b'\x01' + struct.pack('>q', 0) + payload(1, 2000, b'r', version=2))
put('token', 'raw-kid7', b'\x01' + struct.pack('>q', 0) + payload(1, 2000, b'r', kid=7))
put('token', 'text-garbage', b'\x00' + struct.pack('>q', 0) + b'AAAA====')

# --- core ---
# template: 6 steps presentation..learnings (1 s each), 8 participants max
HEAD = bytes([5, 0, 1, 2, 3, 4, 5, 0x07])
def ex(pid, cmd, *fields): return bytes([4, pid, cmd, *fields])
JOIN_F, JOIN_P = bytes([0, 1, 3]), bytes([0, 0, 4])
flow = HEAD + JOIN_F + JOIN_P + JOIN_P + JOIN_P + b''.join([
    ex(1, 1, 2, 1),            # role.assign 2 client
    ex(1, 1, 4, 3),            # role.assign 4 scribe
    ex(1, 2, 3),               # backup.set 3
    ex(2, 16, 3, 4, 5, 6, 8),  # sheet.update
    ex(1, 6), bytes([2, 4]),   # timer.start, tick 2 s
    ex(3, 11), ex(1, 13, 3),   # hand.raise, floor.give 3
    ex(1, 3, 0),               # step.next (questions)
    ex(3, 18, 3), ex(2, 19, 1, 4),      # question.add, question.answer
    ex(1, 3, 0), ex(2, 17, 8),          # contract step, contract.set
    ex(1, 3, 0), ex(3, 20, 3), ex(2, 21, 1, 1), ex(2, 22),  # consultation
    ex(1, 14), ex(1, 15), ex(1, 15),    # round
    ex(1, 3, 0), ex(2, 23, 2, 3, 4, 5, 6),  # synthesis, plan
    ex(1, 3, 0), ex(3, 24, 3), ex(4, 25, 8),  # learnings, notes
    bytes([1, 1, 0]), ex(3, 7), bytes([1, 1, 1]),  # fac away, backup acts
])
put('core', 'workshop', flow)
put('core', 'confirm', HEAD + JOIN_F + ex(1, 5, 3, 0) + ex(1, 5, 3, 1) + ex(1, 5, 5, 0) + ex(1, 4))
put('core', 'timer', HEAD + JOIN_F + ex(1, 6) + bytes([2, 200]) + ex(1, 9, 1) + ex(1, 7) +
    ex(1, 8) + bytes([2, 255, 2, 255]) + ex(1, 10) + bytes([3]))
put('core', 'roles', HEAD + JOIN_F + JOIN_P + JOIN_P + ex(1, 1, 2, 0) + ex(2, 1, 1, 4) +
    ex(2, 1, 3, 4) + ex(1, 2, 2) + ex(2, 1, 2, 1) + ex(3, 12, 2))
