-- macro token(x): a category or label normalised like vocab.norm_token (lower case, runs of other characters -> '_')
create or replace temp macro token(x) as
    trim(regexp_replace(lower(clean(x)), '[^a-z0-9]+', '_', 'g'), '_')
