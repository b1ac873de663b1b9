-- macro derived_id(x, salt): a stable response id for exports without one (salted hash of the response's key cells, joined by chr(31)); null when every key cell is blank
create or replace temp macro derived_id(x, salt) as
    case
        when nullif(trim(x, chr(31) || ' '), '') is null then null
        else 'r-' || left(sha256(salt || x), 16)
    end
