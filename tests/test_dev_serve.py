"""`python3 dev.py serve`: a newcomer's first screen says what happens and where the site is."""
from tests.dev_server import dev_server


def test_it_says_the_steps_and_the_address_and_nothing_else_before_the_server(tmp_path):
    with dev_server(tmp_path, "127.0.0.1:8719") as lines:
        pass
    before_django = lines[:lines.index("Performing system checks...")]
    # (a first run, or one after requirements.txt changed, installs them first, and says so)
    steps = [line for line in before_django if line and not line.startswith("Installing the dependencies")]
    assert steps == [
        "Preparing the database ...",
        "Importing the five seed articles ...",
        "The archive is at http://127.0.0.1:8719/ (stop it with Ctrl-C; an account for the "
        "admin: `python3 dev.py manage createsuperuser`)",
    ]
    assert not any("imported automatically" in line for line in lines)
