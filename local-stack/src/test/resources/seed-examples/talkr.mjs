const API = '{YOUR_API_ENDPOINT}';
const HEADERS = { 'Content-Type': 'application/json', 'X-Talkr-Query': '1' };
// Step 1: start the conversation
const init = await fetch(API, { method: 'POST', headers: HEADERS, body: JSON.stringify({}) });
const data = await init.json();
const session = data.session;
const tracking = data.data.responses[0].tracking;
console.log('Bot:', data.variables.bot_answer);
// Step 2: send a message
const reply = await fetch(API, { method: 'POST', headers: HEADERS, body: JSON.stringify({ message: 'how does talkr work?', session, tracking, variables: { userresponse: 'how does talkr work?' } }) });
const d2 = await reply.json();
console.log('Bot:', d2.variables.bot_answer);
