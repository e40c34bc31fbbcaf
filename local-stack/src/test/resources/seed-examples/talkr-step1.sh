# Step 1: start the conversation
curl -X POST "{YOUR_API_ENDPOINT}" \
  -H "Content-Type: application/json" \
  -H "X-Talkr-Query: 1" \
  -d '{}'
