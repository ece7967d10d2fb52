"""A minimal Venice-like E2EE server written apart from the Java code (Python 'cryptography' only), so the CLI is
checked against an implementation that shares nothing with it: a 128-digit model key without the 04 prefix, the
request_nonce echo, CRLF events, 'data:' without a space, comments and chunked encoding. DOWNGRADE=1 answers in
plaintext. Prints 'ready PORT' once listening on a free loopback port."""
import json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

RC=[0x1,0x8082,0x800000000000808a,0x8000000080008000,0x808b,0x80000001,0x8000000080008081,0x8000000000008009,0x8a,0x88,0x80008009,0x8000000a,0x8000808b,0x800000000000008b,0x8000000000008089,0x8000000000008003,0x8000000000008002,0x8000000000000080,0x800a,0x800000008000000a,0x8000000080008081,0x8000000000008080,0x80000001,0x8000000080008008]
ROT=[[0,36,3,41,18],[1,44,10,45,2],[62,6,43,15,61],[28,55,25,21,56],[27,20,39,8,14]]
M=(1<<64)-1
def rol(x,n): return ((x<<n)|(x>>(64-n)))&M if n else x
def keccak(data):
    """Keccak-256 (Ethereum's, padding 0x01), for the signing address."""
    rate=136; st=[[0]*5 for _ in range(5)]
    p=bytearray(data)+b'\x01'
    while len(p)%rate: p+=b'\x00'
    p[-1]|=0x80
    for off in range(0,len(p),rate):
        blk=p[off:off+rate]
        for i in range(rate//8):
            st[i%5][i//5]^=int.from_bytes(blk[8*i:8*i+8],'little')
        for rnd in range(24):
            C=[st[x][0]^st[x][1]^st[x][2]^st[x][3]^st[x][4] for x in range(5)]
            D=[C[(x-1)%5]^rol(C[(x+1)%5],1) for x in range(5)]
            st=[[st[x][y]^D[x] for y in range(5)] for x in range(5)]
            B=[[0]*5 for _ in range(5)]
            for x in range(5):
                for y in range(5):
                    B[y][(2*x+3*y)%5]=rol(st[x][y],ROT[x][y])
            st=[[B[x][y]^((~B[(x+1)%5][y])&B[(x+2)%5][y]) for y in range(5)] for x in range(5)]
            st[0][0]^=RC[rnd]
    out=b''
    for i in range(4): out+=st[i%5][i//5].to_bytes(8,'little')
    return out

model_priv=ec.generate_private_key(ec.SECP256K1())
def pub_bytes(k): return k.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
MODEL_PUB=pub_bytes(model_priv)
ADDR='0x'+keccak(MODEL_PUB[1:])[-20:].hex()
DOWNGRADE=os.environ.get('DOWNGRADE')=='1'

def derive(priv, peer_bytes):
    peer=ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256K1(), peer_bytes)
    shared=priv.exchange(ec.ECDH(), peer)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b'ecdsa_encryption').derive(shared)
def seal(peer_bytes, text):
    eph=ec.generate_private_key(ec.SECP256K1()); key=derive(eph, peer_bytes); n=os.urandom(12)
    return (pub_bytes(eph)+n+AESGCM(key).encrypt(n, text.encode(), None)).hex()
def open_(hexs):
    raw=bytes.fromhex(hexs); key=derive(model_priv, raw[:65])
    return AESGCM(key).decrypt(raw[65:77], raw[77:], None).decode()

class H(BaseHTTPRequestHandler):
    protocol_version='HTTP/1.1'
    def log_message(self,*a): pass
    def send_json(self, code, obj):
        b=json.dumps(obj).encode(); self.send_response(code); self.send_header('Content-Type','application/json'); self.send_header('Content-Length',str(len(b))); self.end_headers(); self.wfile.write(b)
    def do_GET(self):
        u=urlparse(self.path); q=parse_qs(u.query)
        if u.path.endswith('/models'):
            return self.send_json(200, {"object":"list","data":[{"id":"llama-plain"},{"id":"e2ee-indep-1","model_spec":{"capabilities":{"supportsE2EE":True}}}]})
        if u.path.endswith('/tee/attestation'):
            return self.send_json(200, {"verified":True,"request_nonce":q['nonce'][0],"model":q['model'][0],"signing_public_key":MODEL_PUB[1:].hex(),"signing_address":ADDR.upper().replace('0X','0x'),"extra":{"x":1}})
        self.send_json(404, {"error":"not found"})
    def do_POST(self):
        n=int(self.headers.get('Content-Length','0')); body=json.loads(self.rfile.read(n))
        ck=self.headers.get('X-Venice-TEE-Client-Pub-Key'); mk=self.headers.get('X-Venice-TEE-Model-Pub-Key')
        if mk != MODEL_PUB[1:].hex():
            return self.send_json(400, {"error":"No provider found for model with public key"})
        text=open_(body['messages'][-1]['content'])
        answer="You said: "+text+" ✓"
        self.send_response(200); self.send_header('Content-Type','text/event-stream'); self.send_header('Transfer-Encoding','chunked'); self.end_headers()
        def w(s):
            b=s.encode(); self.wfile.write(b'%x\r\n'%len(b)+b+b'\r\n'); self.wfile.flush()
        w('data: '+json.dumps({"id":"chatcmpl-x","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})+'\n\n')
        w(': keepalive\r\n\r\n')
        for i in range(0,len(answer),5):
            part=answer[i:i+5]
            c=part if DOWNGRADE else seal(bytes.fromhex(ck), part)
            w('data:'+json.dumps({"id":"chatcmpl-x","choices":[{"index":0,"delta":{"content":c},"finish_reason":None}]})+'\r\n\r\n')
        w('data: '+json.dumps({"id":"chatcmpl-x","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}})+'\n\n')
        w('data: [DONE]\n\n'); self.wfile.write(b'0\r\n\r\n'); self.wfile.flush()

server = ThreadingHTTPServer(('127.0.0.1', 0), H)
print('ready', server.server_address[1], flush=True)
server.serve_forever()
