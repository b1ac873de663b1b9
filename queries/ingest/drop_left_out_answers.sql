-- drops the staged answers of the responses a repeat submission left out, once they were checked
delete from staged_answer where response_rec in (select rec from left_out_response)
