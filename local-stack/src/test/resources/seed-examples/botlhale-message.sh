curl --location --request POST '{BASE_URL}/message' \
-H "Authorization: Bearer {TOKEN}" \
--form 'bot_id="{BOT_ID}"' \
--form 'language_code="{LANGUAGE}"' \
--form 'conversation_id="{CONVERSATION_ID}"' \
--form 'message_type="text"' \
--form 'response_type="text"' \
--form 'text_msg="{TEXT}"'
