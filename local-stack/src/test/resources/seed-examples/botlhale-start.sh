curl --location '{BASE_URL}/start_conversation' \
-H "Authorization: Bearer {TOKEN}" \
--form 'language_code="{LANGUAGE}"' \
--form 'BotID="{BOT_ID}"'
