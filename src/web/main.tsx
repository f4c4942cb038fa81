import { render } from 'preact';
import { Agenda } from './agenda.tsx';
import { Chat } from './chat.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) render(location.pathname.startsWith('/agenda') ? <Agenda /> : <Chat />, root);
