-- macro scale_rule(scale): the one place an answer scale's scoring is defined (add a scale
-- here): its lowest and highest answer (a reverse-scored answer is flipped to low + high −
-- score), the lowest favourable answer (Likert scales) and the promoter and detractor bounds
-- (the 0–10 scale), and its name in words (label). A rule the scale does not have is NULL; an
-- unknown scale is NULL.
create or replace temp macro scale_rule(scale) as
    case scale
        when 'likert4' then {'low': 1, 'high': 4, 'favourable_from': 3,
                             'promoter_from': null, 'detractor_to': null, 'label': '4-point'}
        when 'likert5' then {'low': 1, 'high': 5, 'favourable_from': 4,
                             'promoter_from': null, 'detractor_to': null, 'label': '5-point'}
        when 'likert7' then {'low': 1, 'high': 7, 'favourable_from': 6,
                             'promoter_from': null, 'detractor_to': null, 'label': '7-point'}
        when 'nps11' then {'low': 0, 'high': 10, 'favourable_from': null,
                           'promoter_from': 9, 'detractor_to': 6, 'label': '0–10'}
    end
