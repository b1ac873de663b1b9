-- macro personal_value(x): a value a kept column must not carry: an e-mail address (any spelling), an IPv4 or IPv6
-- address, or a latitude/longitude pair
create or replace temp macro personal_value(x) as
    regexp_matches(x, email_pattern())
    or regexp_matches(x, '(^|[^0-9.])[0-9]{1,3}(\.[0-9]{1,3}){3}($|[^0-9.])')
    or regexp_matches(x, '(?i)(^|[^0-9a-f:])([0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}($|[^0-9a-f:])|[0-9a-f]{1,4}::[0-9a-f]{1,4}')
    or regexp_matches(x, '-?[0-9]{1,3}\.[0-9]{3,}\s*[,;/ ]\s*-?[0-9]{1,3}\.[0-9]{3,}')
