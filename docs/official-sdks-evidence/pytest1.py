import json, sys, time, urllib.request
from deepgram import DeepgramClient
from deepgram.environment import DeepgramClientEnvironment
port = sys.argv[1]
base = f"http://127.0.0.1:{port}"
env = DeepgramClientEnvironment(base=base, production="ws://x", agent="ws://x", agent_rest=base)
c = DeepgramClient(api_key="CANARYKEY123", environment=env)
print("repr(client):", repr(c))
print("key in vars(client) tree:", "CANARYKEY123" in repr(vars(c._client_wrapper)))
t = time.time()
try:
    r = c.manage.v1.projects.keys.create("p", request={"comment": "c", "scopes": ["usage:read"]})
    print("create ok; repr(response):", repr(r)[:200])
except Exception as e:
    print("create err:", type(e).__name__, str(e)[:300])
print("elapsed", round(time.time()-t, 2))
def gen():
    for _ in range(4):
        yield b"\0" * 1000
try:
    r = c.listen.v1.media.transcribe_file(request=gen(), model="nova-3")
    print("iter upload ok; extra preserved:", getattr(r, "brand_new_field", None), r.model_extra if hasattr(r, "model_extra") else None)
except Exception as e:
    print("iter err:", type(e).__name__, str(e)[:300])
print(urllib.request.urlopen(base + "/__stats").read().decode())
# unknown option name and invalid combo
for kw in ({"modle": "nova-3"}, {"model": "nova-2", "keyterm": ["x"]}):
    try:
        c.listen.v1.media.transcribe_url(url="https://x/a.wav", **kw); print("sent:", kw)
    except Exception as e:
        print("rejected:", kw, type(e).__name__, str(e)[:120])
print(urllib.request.urlopen(base + "/__stats").read().decode())
