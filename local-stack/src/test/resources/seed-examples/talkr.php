<?php
$api = "{YOUR_API_ENDPOINT}";
function callTalkr($api, $body = []) {
  $ch = curl_init($api);
  curl_setopt($ch, CURLOPT_POST, true);
  curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($body));
  curl_setopt($ch, CURLOPT_HTTPHEADER, [ 'Content-Type: application/json', 'X-Talkr-Query: 1' ]);
  curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
  $response = curl_exec($ch);
  curl_close($ch);
  return json_decode($response, true);
}
// Step 1: start
$data = callTalkr($api);
$session = $data['session'];
$tracking = $data['data']['responses'][0]['tracking'];
echo "Bot: " . $data['variables']['bot_answer'] . "\n";
// Step 2: send a message
$d2 = callTalkr($api, [ 'message' => 'how does talkr work?', 'session' => $session, 'tracking' => $tracking, 'variables' => [ 'userresponse' => 'how does talkr work?' ] ]);
echo "Bot: " . $d2['variables']['bot_answer'] . "\n";
