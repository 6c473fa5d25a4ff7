"""The terminal app (Textual): the only package of the project that imports textual.

It sits on top of the core (scenario, coding, engine, mentee, scoring, store)
and never reaches into it for anything the CLI cannot also do: the rehearsal,
the store and the mentee backend are handed in by `app.make_app`, which both
`mentor-sim` and the tests call. Blocking work (the mentee's reply) runs in a
thread worker; screens talk to it through messages tagged with the session id.
"""
