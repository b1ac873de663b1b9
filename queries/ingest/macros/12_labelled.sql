-- macro labelled(label, x): one free-text answer prefixed by its column ("Q2: text") so several can share the comment field; null when blank
create or replace temp macro labelled(label, x) as
    case
        when clean(x) is null then null
        when label is null then clean(x)
        else label || ': ' || clean(x)
    end
