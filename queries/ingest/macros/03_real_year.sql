-- macro real_year(t): the timestamp, or null when its year is before 1900 (a two-digit year that a four-digit format read as year 26)
create or replace temp macro real_year(t) as
    case when year(t) >= 1900 then t end
