import requests
API = "{YOUR_API_ENDPOINT}"
HEADERS = { "Content-Type": "application/json", "X-Talkr-Query": "1" }
# Step 1: start the conversation
r1 = requests.post(API, json={}, headers=HEADERS)
data = r1.json()
session = data["session"]
tracking = data["data"]["responses"][0]["tracking"]
print(f"Bot: {data['variables']['bot_answer']}")
# Step 2: send a message
r2 = requests.post(API, json={ "message": "how does talkr work?", "session": session, "tracking": tracking, "variables": { "userresponse": "how does talkr work?" } }, headers=HEADERS)
d2 = r2.json()
print(f"Bot: {d2['variables']['bot_answer']}")
