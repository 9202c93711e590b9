import pytest


@pytest.mark.django_db
def test_home_page_is_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in response.content.decode()
    assert "最新报道" in response.content.decode()


@pytest.mark.django_db
def test_admin_login_page_is_in_chinese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_admin_index_is_the_desk_in_chinese(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "工作台" in response.content.decode()
