"""One module per screen: picker, briefing, practice, scorecard, history, help, and small modals."""
