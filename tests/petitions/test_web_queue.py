from danvan.petitions.staff_views import days_left_text


def test_the_days_left_read_as_words_not_negative_numbers():
    assert days_left_text(-18) == "quá hạn 18 ngày làm việc"
    assert days_left_text(0) == "hạn hôm nay"
    assert days_left_text(3) == "còn 3 ngày làm việc"
    assert days_left_text(None) == ""
