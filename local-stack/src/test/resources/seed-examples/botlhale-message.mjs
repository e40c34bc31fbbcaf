var formdata = new FormData();
formdata.append("bot_id", "{BOT_ID}");
formdata.append("language_code ", "{LANGUAGE}");
formdata.append("conversation_id", "{CONVERSATION_ID}");
formdata.append("message_type", "text");
formdata.append("response_type", "text");
formdata.append("text_msg", "{TEXT}");
var requestOptions = {
method: 'POST',
body: formdata,
redirect: 'follow',
headers: {"Authorization": "Bearer {TOKEN}"}
};
fetch("{BASE_URL}/message", requestOptions)
.then(response => response.text())
.then(result => console.log(result))
.catch(error => console.log('error', error));
