import requests
url = "{BASE_URL}/message"
payload={'bot_id ': "{BOT_ID}",
'language_code': '{LANGUAGE}',
'conversation_id': "{CONVERSATION_ID}",
'message_type': 'text',
'response_type': 'text',
'text_msg': '{TEXT}'}
files=[
]
headers = {"Authorization": "Bearer {TOKEN}"}
response = requests.request("POST", url, headers=headers, data=payload, files=files)
print(response.text)
