import requests
url = "{BASE_URL}/start_conversation"
payload = {'language_code': '{LANGUAGE}',
'BotID': '{BOT_ID}'}
files=[
]
headers = {"Authorization": "Bearer {TOKEN}"}
response = requests.request("POST", url, headers=headers, data=payload, files=files)
print(response.text)
