import sys, urllib.request
from deepgram import DeepgramClient
from deepgram.environment import DeepgramClientEnvironment
base = f"http://127.0.0.1:{sys.argv[1]}"
env = DeepgramClientEnvironment(base=base, production="ws://x", agent="ws://x", agent_rest=base)
c = DeepgramClient(api_key="K", environment=env)
try:
    r = c.manage.v1.projects.keys.create("p", request={"comment": "c", "scopes": ["usage:read"]}); print("py create ok")
except Exception as e:
    print("py create err", type(e).__name__, e)
print(urllib.request.urlopen(base + "/__stats").read().decode())
