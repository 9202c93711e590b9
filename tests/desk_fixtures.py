"""Real-shaped stories for the desk's tests: several bylines, both kinds of tags, a photo."""

import io
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import BeneficiaryGroup, Byline, Person, Photo, UnionBody

BODY = (
    "1月16日，北京市总工会在朝阳区启动送温暖活动，为困难职工送去慰问金。\n"
    "劳模代表说，工会是职工的娘家。\n"
    "活动将持续到春节前。"
)


def jpeg_upload(name="photo.jpg", size=(48, 32)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def dress(article, author=None):
    """Give ``article`` what a printed story has: bylines, both kinds of tags and a photo.

    ``author`` (a user) gets a reporter byline through their Person, as a reporter's own
    story has; the other people have no login, like the people of an imported page.
    """
    people = []
    if author is not None:
        people.append((Person.objects.get(user=author), Byline.Role.REPORTER))
    people += [
        (Person.objects.get_or_create(name="白莹")[0], Byline.Role.REPORTER),
        (Person.objects.get_or_create(
            name="刘换利", defaults={"affiliation": Person.Affiliation.CORRESPONDENT})[0],
         Byline.Role.CORRESPONDENT),
    ]
    for position, (person, role) in enumerate(people):
        Byline.objects.get_or_create(article=article, person=person, role=role,
                                     defaults={"position": position})
    article.union_bodies.add(UnionBody.objects.get_or_create(
        name="北京市总工会", defaults={"slug": "bei-jing-shi-zong-gong-hui"})[0])
    article.beneficiary_groups.add(BeneficiaryGroup.objects.get_or_create(
        name="困难职工", defaults={"slug": "kun-nan-zhi-gong"})[0])
    Photo.objects.create(
        article=article, image=jpeg_upload(f"a{article.pk}.jpg"), caption="慰问现场",
        alt_text="工会干部向职工发放慰问品",
        photographer=Person.objects.get_or_create(name="张良")[0],
    )
    return article


class _FormReader(HTMLParser):
    """The fields of one <form> as a browser would post them (no file inputs)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[a["name"]] = a.get("value", "on")
            else:
                self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
            self.data.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.data[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_of(response, form_id="article_form") -> dict:
    """What the page's form would post unchanged, read from its HTML."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    # Browsers drop the one newline that follows <textarea>.
    return {k: v[1:] if v.startswith("\n") else v for k, v in reader.data.items()}
