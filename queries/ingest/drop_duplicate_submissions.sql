-- drops the staged responses in $recs: earlier (or later) submissions of a respondent replaced by the one kept
delete from staged_response where list_contains($recs, rec)
