# Step 2: send a message (replace SESSION and TRACKING)
curl -X POST "{YOUR_API_ENDPOINT}" \
  -H "Content-Type: application/json" \
  -H "X-Talkr-Query: 1" \
  -d '{
    "message": "how does talkr work?",
    "session": "SESSION_ID",
    "tracking": "TRACKING_ID",
    "variables": {
      "userresponse": "how does talkr work?"
    }
  }'
